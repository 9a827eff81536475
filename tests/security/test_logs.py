"""Mobile numbers never reach the logs in full."""

import logging

from bot.logs import MaskMobileFilter, mask_mobiles


def test_mobiles_are_masked_in_text():
    assert (
        mask_mobiles("客户13912345678来电，IMEI 861234567890123")
        == "客户139****5678来电，IMEI 861234567890123"
    )


def test_the_filter_masks_formatted_records(caplog):
    logger = logging.getLogger("test.mask")
    handler = caplog.handler
    handler.addFilter(MaskMobileFilter())
    try:
        with caplog.at_level(logging.INFO, logger="test.mask"):
            logger.info("ticket for %s opened", "13912345678")
    finally:
        handler.removeFilter(handler.filters[-1])
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text
