from tests.attachments.s3_server import s3_client, s3_endpoint  # noqa: F401 (fixtures)
