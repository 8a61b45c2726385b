"""The project file: SQLAlchemy models, migrations and the repository API."""
