"""The local phone line: emulators, the Connect flow runner and the local AWS stack."""
