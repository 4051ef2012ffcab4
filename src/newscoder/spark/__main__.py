"""`python -m newscoder.spark INPUT... OUTPUT [options]`, and the application file for spark-submit:

    spark-submit [spark options] "$(python -c 'import newscoder.spark.__main__ as m; print(m.__file__)')" INPUT... OUTPUT

The options are those of `newscoder spark` (docs/spark.md).
"""
from newscoder.cli_spark import spark

if __name__ == "__main__":
    spark(prog_name="newscoder spark")
