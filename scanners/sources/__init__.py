"""Sources: one file per kind of place the scan reads (files, standard input, S3, CloudWatch Logs, Bedrock invocation
logs, call recordings), each declaring its target syntax (``TARGET_PREFIX``, ``from_target``); ``targets`` discovers
them. Helper modules say ``NOT_A_SOURCE``."""
