"""Call audio: WAV reading, DTMF decoding and synthesis (one tone table), keypad entries."""
