"""The rollout plan: rollouts, phases, activities, provinces and recorded progress."""
