import Liandong
print("liandong")
