-- Activity entries in the thread (who assigned, moved, resolved…; never sent) and how far each agent
-- has read each thread (an agent other than the assignee who opens it is monitoring).
ALTER TABLE messages ADD COLUMN activity text; -- JSON of the entry; set only on activity rows

CREATE TABLE read_marks (
    conversation_id text   NOT NULL,
    agent_id        text   NOT NULL,
    read_seq        bigint NOT NULL, -- the last sequence number the agent has seen
    read_at         bigint NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
);
