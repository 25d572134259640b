#include "cli/commands/create.h"

#include <algorithm>

#include "cli/new_revision.h"
#include "cli/revision_view.h"
#include "cli/schema_session.h"
#include "engine/target.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

using engine::RevisionGraph;
using engine::RevisionIds;

// The down_revisions of the new revision, as Alembic chooses them.
Result<RevisionIds> ChooseParents(const RevisionGraph& graph, const CreateOptions& options) {
  if (options.head.empty()) {
    RevisionIds heads = graph.Heads();
    if (heads.size() < 2) return heads;
    return Status::Ambiguous("several heads: " + engine::DescribeRevisions(graph, heads) +
                             "; which one does the new revision follow?")
        .WithHint(
            "pass --head REV (or --head label@head), or join them first with "
            "`rev merge heads -m \"merge\"`");
  }
  REV_ASSIGN_OR_RETURN(engine::Target target, engine::ParseTarget(options.head));
  if (engine::IsRelative(target)) {
    return Status::InvalidInput("--head takes a revision, label@head, head, heads or base, not '" +
                                options.head + "'");
  }
  REV_ASSIGN_OR_RETURN(RevisionIds parents, engine::ResolveTarget(graph, target));
  for (const auto& parent : parents) {
    if (options.splice || graph.Children(parent).empty()) continue;
    return Status::InvalidInput("revision " + parent.str() + " is not a head (it has children: " +
                                revisions::Join(graph.Children(parent)) + ")")
        .WithHint("pass --splice to start a new branch from it");
  }
  return parents;
}

// --depends-on as the file will say it: a branch label kept as given (as Alembic does, so
// the dependency follows the label), anything else resolved to its revision's full id.
Result<std::vector<revisions::RevisionRef>> ResolveDependencies(
    const RevisionGraph& graph, const std::vector<std::string>& requested) {
  std::vector<revisions::RevisionRef> resolved;
  RevisionIds named;
  for (const std::string& text : requested) {
    REV_ASSIGN_OR_RETURN(engine::Target target, engine::ParseTarget(text));
    REV_ASSIGN_OR_RETURN(RevisionIds ids, engine::ResolveTarget(graph, target));
    if (ids.size() != 1) {
      return Status::InvalidInput("--depends-on '" + text + "' must name exactly one revision")
          .WithHint("pass --depends-on once per revision");
    }
    if (std::find(named.begin(), named.end(), ids.front()) != named.end()) continue;
    named.push_back(ids.front());
    const revisions::Revision* owner = graph.LabelOwner(text);
    if (owner != nullptr && owner->id() == ids.front()) {
      REV_ASSIGN_OR_RETURN(revisions::BranchLabel label, revisions::BranchLabel::Parse(text));
      resolved.emplace_back(label);
    } else {
      resolved.emplace_back(ids.front());
    }
  }
  return resolved;
}

}  // namespace

void RegisterCreate(CLI::App& app, GlobalOptions* globals, Action* action) {
  auto options = std::make_shared<CreateOptions>();
  CLI::App* command = app.add_subcommand("create", "Write a new revision file on the current head");
  command->add_option("message,-m,--message", options->message, "what the revision does")
      ->required();
  command->add_option("--rev-id", options->rev_id, "the id (default: 12 random hex digits)");
  command->add_option("--head", options->head, "the revision to follow: REV, label@head, base");
  command->add_option("--branch-label", options->branch_labels, "a branch label to declare");
  command->add_option("--depends-on", options->depends_on, "a revision this one depends on");
  command->add_flag("--splice", options->splice, "allow --head to be a revision with children");
  command->add_flag("--non-transactional", options->non_transactional,
                    "write `transactional: false` (e.g. CREATE INDEX CONCURRENTLY)");
  command->add_flag("--autogenerate", options->autogenerate,
                    "write the SQL that takes head to the schema file, proven both ways");
  command->add_flag("--allow-destructive", options->allow_destructive,
                    "with --autogenerate: allow drops and narrowing changes");
  command->add_flag("--concurrently", options->concurrently,
                    "with --autogenerate on PostgreSQL: CREATE/DROP INDEX CONCURRENTLY, in a "
                    "transactional: false revision");
  AddDevDatabaseOption(command, globals);
  BindAction(command, options, RunCreate, action);
}

Status RunCreate(const CreateOptions& options, Context& context) {
  if ((options.allow_destructive || options.concurrently) && !options.autogenerate) {
    return Status::InvalidInput(
        std::string(options.concurrently ? "--concurrently" : "--allow-destructive") +
        " goes with --autogenerate");
  }
  // --autogenerate replays the revisions' SQL, so it needs their sections.
  const RevisionGraph* graph = nullptr;
  if (options.autogenerate) {
    context.SkipChecksums();
    REV_ASSIGN_OR_RETURN(graph, context.Graph());
  } else {
    REV_ASSIGN_OR_RETURN(graph, context.HeaderGraph());
  }
  REV_ASSIGN_OR_RETURN(RevisionIds parents, ChooseParents(*graph, options));
  REV_ASSIGN_OR_RETURN(auto depends_on, ResolveDependencies(*graph, options.depends_on));
  REV_ASSIGN_OR_RETURN(auto labels, NewBranchLabels(*graph, options.branch_labels));
  REV_ASSIGN_OR_RETURN(revisions::RevisionId id, ChooseRevisionId(*graph, options.rev_id));
  revisions::NewRevision revision{std::move(id),
                                  std::move(parents),
                                  std::move(labels),
                                  std::move(depends_on),
                                  options.message,
                                  "",
                                  !options.non_transactional && !options.concurrently,
                                  "",
                                  ""};
  if (options.autogenerate) return RunCreateAutogenerate(options, context, std::move(revision));
  return WriteRevision(context, std::move(revision));
}

}  // namespace rev::cli
