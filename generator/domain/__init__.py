"""The domain: bureaus, measures and reports as typed, frozen data, with their arithmetic."""
