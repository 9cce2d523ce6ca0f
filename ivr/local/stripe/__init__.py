"""The local Stripe: an HTTP emulator of the PaymentIntents API as test mode behaves."""
