"""Users, roles, organisations, invitations and sign-in."""
