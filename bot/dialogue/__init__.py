"""Conversation logic in plain Python: how replies are read and how knowledge is presented.

Actions call these functions; nothing here imports Rasa, so all of it is tested directly.
"""
