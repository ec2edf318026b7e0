#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.management import execute_from_command_line
    from django.db import InterfaceError, OperationalError

    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, InterfaceError) as error:
        # A down, unreachable or hung database (connect_timeout / statement_timeout): one clear line, no traceback.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.stderr.write(
            f"データベースに接続できません。DATABASE_URL とデータベースの状態を確認してください。\n"
            f"Database unavailable: {first_line}\n"
        )
        sys.exit(3)
