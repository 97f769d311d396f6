# An example PySpark job (the mini cluster simulates its run).
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("etl-py").getOrCreate()
print(spark.range(1000).count())
