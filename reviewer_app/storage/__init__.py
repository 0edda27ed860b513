"""The only package that imports SQLAlchemy: models, engine, repositories, migrations."""
