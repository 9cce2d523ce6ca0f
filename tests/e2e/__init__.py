"""Opt-in end-to-end tests against real AWS and Stripe test mode (see README.md); skipped without credentials."""
