from tests.english import english_messages  # noqa: F401  (English messages for these tests)
