"""The local Connect: flow runner, actions, contact state, caller keypads."""
