from tests.applications.conftest import applicant  # noqa: F401 - a fixture
