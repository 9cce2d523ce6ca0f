"""The phone-payment IVR (imports ``scanners`` only): the Lambda the Connect flow invokes (``handler``: wiring;
``process``, ``dialog``, ``paying``, ``entries``: the call; ``card``, ``connect_crypto``: the entries; ``payments/``:
Stripe; ``confirm/``: the spoken confirmation; ``audit``, ``redact``, ``recording``), the flow linter (``flowlint/``),
the commands (``cli``, ``commands``) and the local phone line (``local/``: stack, Connect runner, emulators)."""
