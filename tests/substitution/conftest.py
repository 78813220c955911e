from tests.english import client, english_messages  # noqa: F401  (English messages for these tests)
