"""`liantu extract`: facts from court documents and penalty decisions, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.common import err_console


def _error_record(path: Path, exc: Exception) -> dict[str, Any]:
    code = getattr(exc, "code", "extraction_error")
    reason = getattr(exc, "reason", str(exc))
    return {"source": str(path), "error": code, "reason": reason}


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt/.html, UTF-8 or GBK).")],
        out: Annotated[
            Path | None, typer.Option("--out", help="Write one <name>.json per document into DIR.")
        ] = None,
    ) -> None:
        """Extract structured facts from court documents and penalty decisions.

        One file prints one JSON object; several print JSON lines. A bad file prints an error record
        (and a line on stderr) and the batch goes on; the exit code is 1 if any file failed.
        """
        # Imported here so `liantu --help` does not pay for loading spaCy and jieba.
        from nlp.extract import extract_many, iter_documents

        docs = list(iter_documents(paths))
        if not docs:
            err_console.print("[bold red]error[/]: no documents found")
            raise typer.Exit(1)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        failed = 0
        single = len(docs) == 1 and out is None
        for path, result in extract_many(docs):
            if isinstance(result, Exception):
                failed += 1
                err_console.print(f"[bold red]error[/]: {result}")
                record = _error_record(path, result)
            else:
                record = result.to_dict()
            if out is not None:
                target = out / f"{path.stem}.json"
                target.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            elif single:
                sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
            else:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        if failed:
            raise typer.Exit(1)
