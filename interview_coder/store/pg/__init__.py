"""A team project on PostgreSQL: schema, push/pull, roles, live updates (psycopg 3, optional extra `team`)."""
