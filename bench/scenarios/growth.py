"""placeholder"""
NAME = "growth"
TITLE = "growth"

def run(context):
    return {}
