"""Suite-wide settings: tests never reach an address outside this machine.

botocore's credential chain ends at the EC2 instance-metadata service (a link-local address); a test that builds a
client without credentials must fail fast instead of trying it. Subprocesses started by tests inherit this.
"""

import os

os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
