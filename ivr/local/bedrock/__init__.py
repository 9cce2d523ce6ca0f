"""The local Bedrock: InvokeModel emulator for an imported model and its invocation logs."""
