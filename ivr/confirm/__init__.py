"""The spoken confirmation: a card-free prompt to the Bedrock model, guarded output, template fallback."""
