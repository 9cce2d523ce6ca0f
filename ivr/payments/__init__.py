"""Charging the card: Stripe MOTO PaymentIntents, idempotency, the gateway and its error translation."""
