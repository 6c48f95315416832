"""Presentation shared by the CLI, exports and pages: colours, exports, ClaimReview."""
