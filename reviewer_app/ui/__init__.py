"""The only package importing PySide6 (with app.py): windows, models, dialogs, workers."""
