"""Pages of screening and referral."""
