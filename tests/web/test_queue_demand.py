"""The triage queue shows how many readers asked about a claim, filters by it and sorts by it."""


def test_demand_shown_filtered_and_sorted(client, login, make_claim):
    login("reviewer")
    make_claim(text="Water bills tripled in Lakeshore this year.", demand=3)
    make_claim(text="The bridge cost 40 million euros.")
    page = client.get("/desk/?status=new&min_demand=2")
    assert page.status_code == 200 and "Water bills tripled" in page.text and "The bridge cost" not in page.text
    assert "asked by 3 readers" in page.text
    by_demand = client.get("/desk/?status=new&sort=demand").text
    assert by_demand.index("Water bills tripled") < by_demand.index("The bridge cost")
    assert client.get("/desk/?status=new&min_demand=0").status_code == 422
