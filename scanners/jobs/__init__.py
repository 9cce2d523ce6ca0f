"""Scheduled jobs on AWS: the nightly scan of targets, checkpoints, run evidence, the Distributed Map worker."""
