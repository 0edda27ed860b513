"""The physician's world in plain Python: cases, records, referral questions, profile, rules.

Nothing here imports Qt, SQLAlchemy, ReportLab or touches the file system.
"""
