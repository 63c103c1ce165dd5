// FixtureExpectations: what each real webhook fixture must decode to, read off the payload files.

import LoomCore

/// The facts one fixture must decode to. `intent == nil` means a non-PR event (`.ignored`).
struct FixtureExpectation: Sendable {
    var intent: WebhookIntent?
    var event: String
    var repository: String? = nil
    var repositoryID: String? = nil
    var number: Int? = nil
    var head: String? = nil
    var base: String? = nil
    var source: String? = nil
    var target: String? = nil
    var draft = false
    var author: String? = nil
    /// Azure's delivery id is the body's `id`; the other platforms' come from headers.
    var bodyDeliveryID: String? = nil
}

enum FixtureExpectations {
    static func github(_ intent: WebhookIntent, draft: Bool = false) -> FixtureExpectation {
        FixtureExpectation(intent: intent, event: "pull_request", repository: "Codertocat/Hello-World",
                           repositoryID: "186853002", number: 2, head: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
                           base: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", source: "changes", target: "master",
                           draft: draft, author: "Codertocat")
    }

    static func azure(_ intent: WebhookIntent, event: String, id: String) -> FixtureExpectation {
        FixtureExpectation(intent: intent, event: event, repository: "Fabrikam/Fabrikam",
                           repositoryID: "4bc14d40-c903-45e2-872e-0462c7748079", number: 1,
                           head: "53d54ac915144006c2c9e90d2c7d3880920db49c", base: "a511f535b1ea495ee0c903badb68fbc83772c882",
                           source: "mytopic", target: "master", author: "fabrikamfiber4@hotmail.com", bodyDeliveryID: id)
    }

    /// Every file under `Tests/Fixtures/webhooks`, keyed by its manifest path.
    static let all: [String: FixtureExpectation] = [
        "webhooks/github/pull_request.opened.json": github(.review(.opened)),
        "webhooks/github/pull_request.synchronize.json": github(.review(.newCommits)),
        "webhooks/github/pull_request.reopened.json": github(.review(.reopened)),
        "webhooks/github/pull_request.closed.json": github(.cancel(reason: "pr_closed")),
        "webhooks/github/pull_request.converted_to_draft.json":
            github(.ignore(reason: "pull_request action converted_to_draft does not trigger reviews"), draft: true),
        "webhooks/github/pull_request.ready_for_review.json": github(.review(.readyForReview)),
        "webhooks/github/ping.json": FixtureExpectation(intent: nil, event: "ping"),

        "webhooks/gitlab/merge_request.open.json": FixtureExpectation(
            intent: .review(.opened), event: "Merge Request Hook", repository: "demoaccount2-commits-group/test_ci_tmp",
            repositoryID: "72081820", number: 3, head: "2f7670508b771e7e77839402be8b34b13787aba8",
            source: "real6543-main-patch-42541", target: "main", author: "real6543"),
        "webhooks/gitlab/merge_request.update.new_commits.json": FixtureExpectation(
            intent: .review(.newCommits), event: "Merge Request Hook", repository: "anbraten/woodpecker",
            repositoryID: "32059612", number: 3, head: "c136499ec574e1034b24c5d306de9acda3005367",
            source: "anbraten-main-patch-05373", target: "main", author: "anbraten"),
        // Reopened by real6543 (4575606), authored by user 29352663: the hook does not name the author.
        "webhooks/gitlab/merge_request.reopen.json": FixtureExpectation(
            intent: .review(.reopened), event: "Merge Request Hook", repository: "demoaccount2-commits-group/test_ci_tmp",
            repositoryID: "72081820", number: 1, head: "36b5813240a9d2daa29b05046d56a53e18f39a3e",
            source: "6543-patch-1", target: "main", author: nil),
        "webhooks/gitlab/merge_request.close.json": FixtureExpectation(
            intent: .cancel(reason: "pr_closed"), event: "Merge Request Hook", repository: "anbraten/woodpecker-test",
            repositoryID: "32059612", number: 4, head: "3e4db3586b65dd401de8c77b3ac343fd24cbf89b",
            source: "patch-1", target: "main", author: "anbraten"),
        "webhooks/gitlab/merge_request.update.marked_draft.json": FixtureExpectation(
            intent: .ignore(reason: "merge request update without new commits"), event: "Merge Request Hook",
            repository: "rathod.meetsatish/meet", repositoryID: "44067058", number: 3,
            head: "ffd71529ecdfb41a530ee13f91b8fdd3e743c754", source: "main1234", target: "main", draft: true,
            author: "rathod.meetsatish"),
        "webhooks/gitlab/push.json": FixtureExpectation(intent: nil, event: "Push Hook"),

        "webhooks/gitea/pull_request.opened.json": FixtureExpectation(
            intent: .review(.opened), event: "pull_request", repository: "gordon/hello-world", repositoryID: "35129377",
            number: 1, head: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", base: "9353195a19e45482665306e466c832c46560532d",
            source: "feature/changes", target: "main", author: "gordon"),
        "webhooks/gitea/pull_request.synchronized.json": FixtureExpectation(
            intent: .review(.newCommits), event: "pull_request", repository: "Test-CI/multi-line-secrets", repositoryID: "6",
            number: 2, head: "788ed8d02d3b7fcfcf6386dbcbca696aa1d4dc25", base: "29be01c073851cf0db0c6a466e396b725a670453",
            source: "test-patch-1", target: "main", author: "test"),
        "webhooks/gitea/pull_request.reopened.json": FixtureExpectation(
            intent: .review(.reopened), event: "pull_request", repository: "test_it/test_ci_thing", repositoryID: "138564",
            number: 1, head: "36b5813240a9d2daa29b05046d56a53e18f39a3e", base: "67012991d6c69b1c58378346fca366b864d8d1a1",
            source: "6543-patch-1", target: "main", author: "6543"),
        "webhooks/gitea/pull_request.closed.json": FixtureExpectation(
            intent: .cancel(reason: "pr_closed"), event: "pull_request", repository: "anbraten/test-repo", repositoryID: "46534",
            number: 1, head: "d555a5dd07f4d0148a58d4686ec381502ae6a2d4", base: "068aee163ffd44eef28a7f9ebd43e2c01774f0fa",
            source: "anbraten-patch-1", target: "main", author: "anbraten"),
        "webhooks/gitea/push.json": FixtureExpectation(intent: nil, event: "push"),

        "webhooks/bitbucket/pullrequest_created.json": FixtureExpectation(
            intent: .review(.opened), event: "pullrequest:created", repository: "amuniz/test-repos",
            repositoryID: "{f991126e-6825-40ea-a1c2-e72c336ae41e}", number: 735, head: "d31df3425c5b", base: "320cc39764dc",
            source: "feature/test", target: "master", author: "Nikolas Falco"),
        "webhooks/bitbucket/pullrequest_updated.json": FixtureExpectation(
            intent: .review(.newCommits), event: "pullrequest:updated", repository: "nfalco79/test-repos",
            repositoryID: "{3deb8c29-778a-450c-8f69-3e50a18079df}", number: 1, head: "f945c96c71d0", base: "174561d625c9",
            source: "release/release-1", target: "master", author: "Former user"),
        "webhooks/bitbucket/pullrequest_rejected.json": FixtureExpectation(
            intent: .cancel(reason: "pr_closed"), event: "pullrequest:rejected", repository: "amuniz/test-repos",
            repositoryID: "{f991126e-6825-40ea-a1c2-e72c336ae41e}", number: 735, head: "d31df3425c5b", base: "320cc39764dc",
            source: "feature/test", target: "master", author: "Nikolas Falco"),
        "webhooks/bitbucket/pullrequest_fulfilled.json": FixtureExpectation(
            intent: .cancel(reason: "pr_merged"), event: "pullrequest:fulfilled", repository: "anbraten/test-2",
            repositoryID: "{26554729-595f-47d1-aedd-302625cb4a97}", number: 1, head: "668218c13e04", base: "6c5f0bc9b2aa",
            source: "patch-2", target: "main", author: "Anbraten"),
        "webhooks/bitbucket/repo_push.signed.json": FixtureExpectation(intent: nil, event: "repo:push"),

        "webhooks/azure-devops/git.pullrequest.created.json":
            azure(.review(.opened), event: "git.pullrequest.created", id: "2ab4e3d3-b7a6-425e-92b1-5a9982c1269e"),
        "webhooks/azure-devops/git.pullrequest.updated.json":
            azure(.cancel(reason: "pr_merged"), event: "git.pullrequest.updated", id: "af07be1b-f3ad-44c8-a7f1-c4835f2df06b"),
        "webhooks/azure-devops/git.pullrequest.merged.json":
            azure(.cancel(reason: "pr_merged"), event: "git.pullrequest.merged", id: "6872ee8c-b333-4eff-bfb9-0d5274943566"),
        "webhooks/azure-devops/git.push.json": FixtureExpectation(
            intent: nil, event: "git.push", bodyDeliveryID: "03c164c2-8912-4d5e-8009-3707d5f83734"),
    ]
}
