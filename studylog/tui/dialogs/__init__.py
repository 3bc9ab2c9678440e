"""Dialogs shown over a screen: confirm, prompt, progress, the record form and the reflection form."""
