"""One exception tree for the library; only the CLI turns these into exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    SOME_FAILED = 1  # a batch where some documents failed; the others were processed
    USAGE = 2  # bad command-line usage (typer/click's own code)
    FILE_NOT_FOUND = 3
    UNSUPPORTED_TYPE = 4
    BAD_INPUT = 5  # corrupt, empty, unreadable file
    ENCRYPTED = 6
    TOO_LARGE = 7  # over a configured limit (pages, pixels, bytes)
    OCR_ENGINE_MISSING = 8  # tesseract or its deu language pack
    OCR_FAILED = 9
    DICTIONARY = 10
    STORE = 11
    CLUSTER = 12  # the Dask scheduler cannot be reached or has no workers
    OUTPUT = 13  # an output file refused (the database, an unrelated file) or not writable
    INTERNAL = 70


class PipelineError(Exception):
    """Base of every error the library raises; `str(err)` says what went wrong and what to do."""

    exit_code = ExitCode.INTERNAL
    stage = "pipeline"


class InputError(PipelineError):
    exit_code = ExitCode.BAD_INPUT
    stage = "ingest"


class InputNotFound(InputError):
    exit_code = ExitCode.FILE_NOT_FOUND


class UnsupportedType(InputError):
    exit_code = ExitCode.UNSUPPORTED_TYPE


class EncryptedInput(InputError):
    exit_code = ExitCode.ENCRYPTED


class InputTooLarge(InputError):
    exit_code = ExitCode.TOO_LARGE


class OcrError(PipelineError):
    exit_code = ExitCode.OCR_FAILED
    stage = "ocr"


class OcrTimeout(OcrError):
    """tesseract ran past its time limit and was stopped."""


class OcrEngineMissing(OcrError):
    exit_code = ExitCode.OCR_ENGINE_MISSING


class DictionaryError(PipelineError):
    exit_code = ExitCode.DICTIONARY
    stage = "correct"


class StoreError(PipelineError):
    exit_code = ExitCode.STORE
    stage = "store"


class RecordNotFound(StoreError):
    """No document or obligation with the id the user gave."""


class ClusterError(PipelineError):
    exit_code = ExitCode.CLUSTER
    stage = "batch"


class OutputError(PipelineError):
    """An output file (`export --out`, `correct --out-dir`) refused or not writable."""

    exit_code = ExitCode.OUTPUT
    stage = "output"
