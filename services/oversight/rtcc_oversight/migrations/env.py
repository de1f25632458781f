from sqlmodel import SQLModel

from rtcc_common.migrations import run_env
from rtcc_oversight import models  # noqa: F401  (registers the tables)

run_env(SQLModel.metadata)
