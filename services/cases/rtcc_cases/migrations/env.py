from sqlmodel import SQLModel

from rtcc_cases import models  # noqa: F401  (registers the tables)
from rtcc_common.migrations import run_env

run_env(SQLModel.metadata)
