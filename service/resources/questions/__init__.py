"""/v1/questions: free-text questions answered from the guidance, cited, or "not found"."""
