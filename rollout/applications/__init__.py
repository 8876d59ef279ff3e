"""Applications (aanmeldingsfiches): organisations apply, before the rollout's deadline."""
