import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkResourceSettings } from '../../src/spark/resource-settings.js';

const check = (c: Record<string, string>) => () => checkResourceSettings(new Map(Object.entries(c)));

describe('executor and driver resources, by Spark\'s rules', () => {
  it('accepts what Spark accepts: 4gb is a size to JavaUtils.byteStringAs, 0 overhead is allowed', () => {
    expect(check({ 'spark.executor.memory': '4gb', 'spark.driver.memory': '2048', 'spark.executor.memoryOverhead': '0', 'spark.executor.cores': '4', 'spark.executor.instances': '8' })).not.toThrow();
  });

  it('refuses a zero memory, and zero executors unless dynamic allocation is on', () => {
    expect(check({ 'spark.yarn.am.memory': '0m' })).toThrow(/spark\.yarn\.am\.memory '0m' must be above zero/);
    expect(check({ 'spark.executor.instances': '0' })).toThrow(UsageError);
    expect(check({ 'spark.executor.instances': '0', 'spark.dynamicAllocation.enabled': 'true' })).not.toThrow();
  });

  it('refuses a dynamic-allocation minimum above the maximum', () => {
    expect(check({ 'spark.dynamicAllocation.minExecutors': '5', 'spark.dynamicAllocation.maxExecutors': '2' })).toThrow(/minExecutors '5' is above spark\.dynamicAllocation\.maxExecutors \(2\)/);
    expect(check({ 'spark.dynamicAllocation.initialExecutors': 'x' })).toThrow(/initialExecutors 'x' is not a whole number/);
  });

  it('refuses a memory overhead factor that is not a number above 0', () => {
    expect(check({ 'spark.executor.memoryOverheadFactor': '0.4', 'spark.driver.memoryOverheadFactor': '.1' })).not.toThrow();
    expect(check({ 'spark.executor.memoryOverheadFactor': '0' })).toThrow(/spark\.executor\.memoryOverheadFactor '0' is not a number above 0/);
    expect(check({ 'spark.driver.memoryOverheadFactor': '10%' })).toThrow(UsageError);
  });

  it('refuses driver and AM cores below 1', () => {
    expect(check({ 'spark.driver.cores': '0' })).toThrow(/spark\.driver\.cores '0' is not a whole number of at least 1/);
    expect(check({ 'spark.yarn.am.cores': '1.5' })).toThrow(UsageError);
  });
});
