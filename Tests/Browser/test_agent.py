"""The agent interface in real Chromium: the everyday flow, live updates between two agents,
escaping, and the Korean and Arabic interfaces."""

import time
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import BASE, BrowserTest, api, wait

ADMIN = ("admin@demo.test", "demo-password-1")
AGENT = ("agent@demo.test", "demo-password-2")


def new_ticket(subject, department="Support", customer=None):
    body = {"subject": subject, "body": "The printer on floor 3 is on fire.", "department": department}
    if customer:
        body["requester"] = customer
    return api("POST", "/tickets", body)


class AgentFlowTest(BrowserTest):
    def test_queue_reply_mention_assign_resolve(self):
        tag = uuid.uuid4().hex[:8]
        ticket = new_ticket(f"Printer fire {tag}", customer={"email": f"kim-{tag}@example.com", "name": "Kim Min-jun"})
        new_ticket(f"Invoice question {tag}", department="Billing")
        ref = ticket["ref"]

        admin = self.browser()
        self.sign_in(admin, *ADMIN)
        colleague = self.browser()
        self.sign_in(colleague, *AGENT)

        # The queue, filtered to Support and searched for this run's tickets.
        admin.find_element(By.ID, "queue-awaiting_agent").click()
        Select(admin.find_element(By.ID, "filter-department")).select_by_visible_text("Support")
        admin.find_element(By.ID, "filter-q").send_keys(tag)
        admin.find_element(By.ID, "filter-apply").click()
        wait(admin, lambda d: "department=Support" in d.current_url)
        subjects = [link.text for link in admin.find_elements(By.CSS_SELECTOR, "#ticket-table a.subject")]
        self.assertEqual(subjects, [f"Printer fire {tag}"], "only the Support ticket of this run is listed")
        self.assert_clean(admin, "agent-queue")

        # Open it with the keyboard: j selects the first row, o opens it.
        admin.find_element(By.TAG_NAME, "body").send_keys("j")
        admin.find_element(By.TAG_NAME, "body").send_keys("o")
        wait(admin, lambda d: d.current_url.endswith(f"/agent/tickets/{ref}"))
        self.assertIn("Kim Min-jun", admin.find_element(By.ID, "ticket-customer").text)

        # A reply to the customer.
        admin.find_element(By.ID, "reply-body").send_keys("We are sending someone with an extinguisher.")
        admin.find_element(By.ID, "reply-submit").click()
        wait(admin, lambda d: "notice=replied" in d.current_url and d.find_elements(By.ID, "notice"))
        self.assertIn("We are sending someone", admin.find_element(By.ID, "messages").text)

        # The colleague opens the same ticket; a note mentioning them reaches them live.
        colleague.get(f"{BASE}/agent/tickets/{ref}")
        wait(colleague, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live-state") == "open")
        admin.find_element(By.ID, "kind-note").click()
        admin.find_element(By.ID, "reply-body").send_keys("@agent@demo.test can you follow up on floor 3?")
        admin.find_element(By.ID, "reply-submit").click()
        started = time.monotonic()
        wait(admin, lambda d: "notice=noted" in d.current_url)
        notice = wait(colleague, lambda d: d.find_elements(By.CSS_SELECTOR, "#live-notifications a"), timeout=5)[0]
        self.assertIn(f"#{ref}", notice.text)
        self.assertIn("mentioned", notice.text)
        wait(colleague, lambda d: "can you follow up on floor 3" in d.find_element(By.ID, "messages").text, timeout=5)
        print(f"\n    mention reached the colleague's page in {time.monotonic() - started:.2f} s", end="")
        self.assert_clean(colleague, "agent-live-mention")

        # Assign to the colleague and resolve, in one save.
        Select(admin.find_element(By.ID, "prop-agent")).select_by_visible_text("Alan Agent")
        Select(admin.find_element(By.ID, "prop-status")).select_by_value("resolved")
        admin.find_element(By.ID, "properties-save").click()
        # The page before had a notice too (the note's): wait for the new page.
        wait(admin, lambda d: "notice=saved" in d.current_url and d.find_elements(By.ID, "ticket-assignee"))
        self.assertEqual(admin.find_element(By.ID, "ticket-assignee").text, "Alan Agent")
        self.assertEqual(admin.find_element(By.ID, "ticket-status").text, "Resolved")
        stored = api("GET", f"/tickets/{ref}")["ticket"]
        self.assertEqual(stored["status"], "resolved")
        # The colleague's open page shows the change without a reload.
        wait(colleague, lambda d: d.find_element(By.ID, "ticket-status").text == "Resolved", timeout=5)
        self.assert_clean(admin, "agent-ticket-resolved")

    def test_markup_in_subject_name_and_field_is_text(self):
        payload = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=1</script>'
        key = "order_" + uuid.uuid4().hex[:6]
        api("POST", "/custom-fields", {"entity": "ticket", "key": key, "label": "Order " + payload, "kind": "text"})
        ticket = api("POST", "/tickets", {
            "subject": "Hello " + payload, "body": "Body " + payload, "department": "Support",
            "requester": {"email": f"eve-{key}@example.com", "name": "Eve " + payload}, "fields": {key: payload},
        })
        admin = self.browser()
        self.sign_in(admin, *ADMIN)
        admin.get(f"{BASE}/agent/tickets/{ticket['ref']}")
        time.sleep(0.3)
        self.assertIsNone(admin.find_element(By.TAG_NAME, "body").get_attribute("data-pwned"))
        self.assertEqual(admin.find_elements(By.CSS_SELECTOR, "main img"), [])
        self.assertIn("<script>", admin.find_element(By.ID, "ticket-subject").text)
        self.assertIn("<img", admin.find_element(By.ID, "ticket-customer").text)
        self.assertIn("<img", admin.find_element(By.CSS_SELECTOR, "dd.field").text)
        admin.get(f"{BASE}/agent/tickets?q=Hello")
        time.sleep(0.3)
        self.assertIsNone(admin.find_element(By.TAG_NAME, "body").get_attribute("data-pwned"))


class LanguagesTest(BrowserTest):
    def test_korean_and_arabic(self):
        new_ticket("환불 요청드립니다")
        for language, heading, direction in [("ko", "상담원 응답 대기", "ltr"), ("ar", "بانتظار الوكيل", "rtl")]:
            driver = self.browser(language)
            driver.get(BASE + "/agent/login")
            self.assert_clean(driver, f"{language}-login")
            self.sign_in(driver, *ADMIN)
            html = driver.find_element(By.TAG_NAME, "html")
            self.assertEqual(html.get_attribute("lang"), language)
            self.assertEqual(html.get_attribute("dir"), direction)
            self.assertEqual(driver.find_element(By.ID, "list-heading").text, heading)
            queues = driver.find_element(By.CSS_SELECTOR, "nav.queues").rect
            listing = driver.find_element(By.CSS_SELECTOR, "section.list").rect
            if direction == "rtl":
                self.assertGreater(queues["x"], listing["x"], "the queues sit on the right in Arabic")
            else:
                self.assertLess(queues["x"], listing["x"])
            self.assert_clean(driver, f"{language}-tickets")
            driver.find_element(By.CSS_SELECTOR, "#ticket-table a.subject").click()
            wait(driver, lambda d: d.find_elements(By.ID, "reply-body"))
            self.assert_clean(driver, f"{language}-ticket")
