import { describe, expect, it } from 'vitest';
import { MemoryFormatError, parseMemoryMiB } from '../../src/spark/memory.js';
import { amResource } from '../../src/spark/launch-context.js';

describe('Spark memory strings', () => {
  it('accepts what JavaUtils.byteStringAs accepts, MiB when no unit', () => {
    expect(['512m', '512M', '4g', '4gb', '1t', '2048', '1048576k', '1073741824b'].map((s) => parseMemoryMiB(s))).toEqual([512, 512, 4096, 4096, 1048576, 2048, 1024, 1024]);
  });

  it('rejects what Spark rejects', () => {
    for (const bad of ['1.5g', '4 GB', '-1g', 'g', '', '1x']) expect(() => parseMemoryMiB(bad), bad).toThrow(MemoryFormatError);
  });

  it('AM memory is the driver memory plus max(384 MiB, 10%), as the recorded submission had 1024 + 384 = 1408', () => {
    const am = (c: Record<string, string>) => amResource(new Map(Object.entries(c)));
    expect(am({})).toEqual({ memoryMiB: 1024, overheadMiB: 384, vCores: 1 });
    expect(am({ 'spark.driver.memory': '8g', 'spark.driver.cores': '4' })).toEqual({ memoryMiB: 8192, overheadMiB: 819, vCores: 4 });
    expect(am({ 'spark.driver.memory': '2g', 'spark.driver.memoryOverhead': '1g' })).toEqual({ memoryMiB: 2048, overheadMiB: 1024, vCores: 1 });
    expect(am({ 'spark.driver.memory': '4g', 'spark.driver.memoryOverheadFactor': '0.25' }).overheadMiB).toBe(1024);
  });
});
