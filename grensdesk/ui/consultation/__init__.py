"""The front office's consultation screen: the list of the office's consultations and the form."""
