from reviewer_app.cli import run

if __name__ == "__main__":  # worker processes (spawn) import this module too
    run()
