"""The center's own plate recognizer: plates from uploaded photos and camera frames.

    recognizer = PlateRecognizer()
    for plate in recognizer.recognize(jpeg_bytes):
        plate.text, plate.confidence, plate.box, plate.state

The models are the PP-OCR detector and recognizer inside the rapidocr-onnxruntime wheel;
nothing is downloaded at run time.
"""

from rtcc_lpr.recognizer.image_input import ImageRejected
from rtcc_lpr.recognizer.recognizer import PlateRecognizer, RecognizedPlate

__all__ = ["ImageRejected", "PlateRecognizer", "RecognizedPlate"]
