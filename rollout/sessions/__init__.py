"""Sessions and attendance: the plan's trainings, supervision, workshops and other sessions."""
