pytest_plugins = ["rtcc_common.testing"]
