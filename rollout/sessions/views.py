"""The pages of the sessions: thin handlers, their URL rules in `blueprint`."""
