-- Activity entries in the thread (who assigned, moved, resolved…; never sent) and how far each agent
-- has read each thread (an agent other than the assignee who opens it is monitoring).
ALTER TABLE messages ADD COLUMN activity TEXT; -- JSON of the entry; set only on activity rows

CREATE TABLE read_marks (
    conversation_id TEXT    NOT NULL,
    agent_id        TEXT    NOT NULL,
    read_seq        INTEGER NOT NULL, -- the last sequence number the agent has seen
    read_at         INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
);
