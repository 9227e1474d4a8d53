// What other features may use: the follow-up timeline (customer and deal pages), the dialog, reminder
// actions, the due-time input and the copy-as-email/SMS button.
export { FollowUpTimeline } from './components/FollowUpTimeline';
export { FollowUpCustomValues } from './components/FollowUpCustomValues';
export { FollowUpDialog } from './components/FollowUpDialog';
export { CopyTextButton } from './components/CopyTextButton';
export { ReminderActions } from './reminders/ReminderActions';
export { DueTimeInput } from './reminders/DueTimeInput';
export { ReminderDialog } from './reminders/ReminderDialog';
export { FollowUpMethodsButton } from './components/FollowUpMethodsButton';
