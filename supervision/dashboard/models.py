from django.db import models


class ComplaintMonthCount(models.Model):
    """Complaints per month, lender, agency, province and category, precomputed so pages never scan complaints.

    `category` is empty on the rows that count complaints once each; the rows with a category count
    the complaint under each of its categories.
    """

    month = models.DateField()
    lender = models.ForeignKey("entities.Lender", null=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("entities.Agency", null=True, on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=8, blank=True)
    category = models.CharField(max_length=32, blank=True)
    complaints = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["month", "category"], name="dashboard_cmc_month"),
            models.Index(fields=["lender", "month"], name="dashboard_cmc_lender"),
            models.Index(fields=["agency", "month"], name="dashboard_cmc_agency"),
        ]

